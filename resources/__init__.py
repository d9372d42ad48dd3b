"""Shipped resources (fonts, translations, templates, samples); found through rmdesk.paths.resource_path."""
