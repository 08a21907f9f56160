"""The listening step: help a reply hear before it helps (PRODUCT.md practice 11)."""
