"""The konflux-native quick start's example Python package."""

GREETING = "Hello from a Konflux wheel, verified and re-signed by konflux-native."


def main():
    """Entry point of the konflux-hello command."""
    print(GREETING)
