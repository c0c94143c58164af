"""Generator of the Lào Cai honor roll: records in git -> validated -> a static website.

Modules, one per stage: `frontmatter` (reading YAML with line numbers), `records` (record files
and the typed `Record`), `vocabularies`, `schema`, `validation`, `problems` (the error format),
`catalog` (listings), `images`, `render`, `website`, `cli`; `plugin` is the mkdocs adapter.
"""
