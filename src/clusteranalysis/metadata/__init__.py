"""What the project's tables are: vocabularies, fields, the processed and result tables.

Declarations, each made once, in the manner of PUDL's metadata: the allowed values of every
category (:mod:`~clusteranalysis.metadata.vocab`, some generated from the reviewed
:mod:`~clusteranalysis.metadata.lookups`), each column described once
(:mod:`~clusteranalysis.metadata.fields`), the tables that name their columns
(:mod:`~clusteranalysis.metadata.processed`), how dtypes are applied and checked
(:mod:`~clusteranalysis.metadata.dtypes`), their Frictionless descriptors
(:mod:`~clusteranalysis.metadata.datapackage`) and reading a processed table back
(:mod:`~clusteranalysis.metadata.loading`, ``clusteranalysis.load``). Nothing here reads a
document.
"""
