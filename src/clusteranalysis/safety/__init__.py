"""The safety mechanics the commands share: checked targets, locks and their records,
atomic publication and recovery, snapshots, fault points and signal handling.

This package is internal: ``build`` and ``report`` use it so that neither ever writes
through a link, into, or deletes, a folder it did not make
(:mod:`~clusteranalysis.safety.publish` says how; docs/report.md lists the guarantees and
their tests). It imports only :mod:`clusteranalysis.config`, :mod:`clusteranalysis.errors`
and :mod:`clusteranalysis.files` (for SHA-256, which imports no pandas).
"""
