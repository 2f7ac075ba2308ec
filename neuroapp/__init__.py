"""The project: settings, the URL root (apps are included by name, none is imported),
shared middleware and view helpers (``http``). Every app may use it; it uses none."""
