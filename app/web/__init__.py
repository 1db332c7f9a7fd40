"""HTML routes: every URL renders a full page; htmx requests get a block of the same template."""
