"""From the raw documents to ``data/processed``: ``clusteranalysis build``.

One module per job: :mod:`~clusteranalysis.build.rawdoc` (a document's numbered lines and
the fact rows cut from them), :mod:`~clusteranalysis.build.catalogue` (``sources.csv``),
:mod:`~clusteranalysis.build.cleaners` (numbers, counts and amounts as written, with
:mod:`~clusteranalysis.build.dates` and :mod:`~clusteranalysis.build.text`),
:mod:`~clusteranalysis.build.sources` (one parser per document),
:mod:`~clusteranalysis.build.rules` and :mod:`~clusteranalysis.build.derived` (what the
rows imply once all documents are read), :mod:`~clusteranalysis.build.coverage` (every
number read or skipped with a reason), :mod:`~clusteranalysis.build.external` (the cited
data from outside the documents), :mod:`~clusteranalysis.build.package`
(``datapackage.json``) and :mod:`~clusteranalysis.build.command` (the whole build,
published as one folder).
"""
