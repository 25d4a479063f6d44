# Plain data classes (pydantic-style), not Django models: this folder is not an app.
class ExportRequest:
    fmt = "csv"
