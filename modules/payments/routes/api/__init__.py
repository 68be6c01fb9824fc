"""API of the payments module: the shop's payments and settings, and the providers' webhooks."""
