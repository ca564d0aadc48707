"""Where every number came from: citations of document lines, and how to cite the project.

:mod:`~clusteranalysis.provenance.citations` turns rows' ``source`` and ``line`` into
source notes, traces and the provenance of rows computed from several rows;
:mod:`~clusteranalysis.provenance.bibliography` writes ``CITATION.cff`` and
``sources.bib`` from the catalogue.
"""
