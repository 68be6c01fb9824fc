"""Storefront API of the cart module."""
