"""Storefront pages of the cart module."""
