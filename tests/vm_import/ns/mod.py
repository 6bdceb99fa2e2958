WHO = "ns.mod"
