"""The listening step: help a reply hear before it helps (docs/product.md, practice 11)."""
