"""`iacgate fix`: repairs what findings point at, verified before anything is written.

A rule declares its fix in its YAML (`fix:`: safe or unsafe, and either a small
declarative edit or a `fix` function beside its Python check). A fix is a list of
format-free edits on the located tree (`edits.py`); `yaml_edit.py` carries them out through
ruamel.yaml's round-trip mode, `hcl_edit.py` as text edits at the parsed spans. `runner.py`
re-scans every edited file and keeps a fix only when the file still parses, the finding is
gone and no other finding appeared. Rules know nothing about file formats or output.
"""
