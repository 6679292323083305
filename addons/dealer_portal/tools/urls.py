def local_path(path, default="/my/catalog"):
    """``path`` if it is a path on this site, else ``default``: a redirect
    after signing in never leads to another site."""
    path = path or ""
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return default
    return path
