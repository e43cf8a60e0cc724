from setuptools import setup

setup(
    name="konflux-hello",
    version="1.0",
    description="The konflux-native quick start's example Python package",
    license="Apache-2.0",
    packages=["konflux_hello"],
    python_requires=">=3.7",
    entry_points={"console_scripts": ["konflux-hello = konflux_hello:main"]},
)
