# A small text-processing program: parsing, aggregation, report formatting.
DATA = """\
name,dept,salary,start
alice,eng,120000,2019
bob,eng,95000,2021
carol,sales,70000,2018
dan,sales,82000,2020
erin,ops,64000,2022
frank,eng,135000,2015
"""

def parse(text):
    lines = text.strip().splitlines()
    header = lines[0].split(",")
    rows = []
    for line in lines[1:]:
        values = line.split(",")
        row = dict(zip(header, values))
        row["salary"] = int(row["salary"])
        row["start"] = int(row["start"])
        rows.append(row)
    return rows

class Dept:
    def __init__(self, name):
        self.name = name
        self.people = []
    def add(self, person):
        self.people.append(person)
    @property
    def total(self):
        return sum(p["salary"] for p in self.people)
    @property
    def average(self):
        return self.total / len(self.people)
    def __lt__(self, other):
        return self.total < other.total

rows = parse(DATA)
depts = {}
for r in rows:
    depts.setdefault(r["dept"], Dept(r["dept"])).add(r)

print(f"{'dept':<8}{'n':>3}{'total':>10}{'avg':>12}")
print("-" * 33)
for d in sorted(depts.values(), reverse=True):
    print(f"{d.name:<8}{len(d.people):>3}{d.total:>10,}{d.average:>12.2f}")
print("-" * 33)
senior = [r["name"].title() for r in rows if 2024 - r["start"] >= 5]
print("senior:", ", ".join(senior))
by_decade = {}
for r in rows:
    by_decade.setdefault(r["start"] // 10 * 10, []).append(r["name"])
print(by_decade)
top = max(rows, key=lambda r: r["salary"])
print("top earner: %(name)s (%(dept)s) %(salary)d" % top)
raise_pct = {"eng": 0.05, "sales": 0.03}
for r in rows:
    new = r["salary"] * (1 + raise_pct.get(r["dept"], 0.02))
    print("{name:>6}: {old:>7,} -> {new:>10,.1f}".format(name=r["name"], old=r["salary"], new=new))
