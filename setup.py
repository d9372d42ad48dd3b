"""Only what pyproject.toml cannot say: the top-level resources/ folder ships inside the package."""

from setuptools import find_packages, setup

packages = [p for p in find_packages(include=["rmdesk", "rmdesk.*"])]
setup(
    packages=[*packages, "rmdesk.resources"],
    package_dir={"rmdesk.resources": "resources"},
)
