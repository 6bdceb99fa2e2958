__all__ = ["VISIBLE", "extra"]
VISIBLE = "visible"
HIDDEN = "not exported"
