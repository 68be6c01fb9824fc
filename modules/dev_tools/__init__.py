"""dev-tools: the component library and the icon browser, for platform admins."""
