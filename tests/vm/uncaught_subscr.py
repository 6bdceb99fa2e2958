# Uncaught KeyError from a nested subscript inside a larger expression.
config = {"db": {"host": "localhost", "port": 5432}}

def setting(section, key):
    return config[section][key]

def url():
    return "pg://" + setting("db", "host") + ":" + str(setting("db", "port")) + "/" + setting("db", "name")

print(setting("db", "host"))
print(url())
