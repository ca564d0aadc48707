"""The safety mechanics the commands share: checked targets, locks, atomic publication,
fault points and signal handling.

This package is internal: ``build`` and ``report`` use it so that neither ever writes
into, or deletes, a folder it did not make (:mod:`~clusteranalysis.safety.publish` says
how). It imports only :mod:`clusteranalysis.config` and :mod:`clusteranalysis.errors`.
"""
