# Uncaught errors from attribute access and calls through methods and lambdas,
# with the failing call spanning only part of its line.
class Account:
    def __init__(self, owner):
        self.owner = owner
        self.history = []

    def deposit(self, amount):
        self.history.append(amount)
        return self.apply(lambda bal: bal + amount)

    def apply(self, fn):
        return fn(self.balance)

acct = Account("ann")
try:
    acct.deposit(5)
except AttributeError as e:
    print("caught:", e)
acct.balance = 10
print(acct.deposit(5))
items = [acct]
result = [a.deposit(1) for a in items] + [items[0].history[5]]
