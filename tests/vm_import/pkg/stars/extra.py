X = "extra module"
