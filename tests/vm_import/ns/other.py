WHO = "ns.other"
