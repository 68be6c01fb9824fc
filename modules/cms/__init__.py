"""The cms module: content pages, the media library and storefront themes."""
