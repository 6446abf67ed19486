"""Small file helpers the control plane's Python tests share: a server's data dir holds its
endpoint, credentials and pid as files, and the fixtures write KEY=VALUE env files."""


def read(path):
    """The file's text without surrounding blanks, or "" while it does not exist yet."""
    try:
        with open(path) as f:
            return f.read().strip()
    except FileNotFoundError:
        return ""


def env_value(path, key):
    """KEY's value in a KEY=VALUE file (a fixture's env file), or "" when it is not there."""
    for line in read(path).splitlines():
        k, _, v = line.partition("=")
        if k == key:
            return v
    return ""
