"""The feed matcher: which child of the index, if any, a feed record is about.

Read the modules in this order:
- blocking and candidates: the children each record of a chunk is compared with, found in one
  statement through the index's indexes, with their current hidden data (matching scope only);
- comparable and comparison: both sides in matching form, and each field's level;
- weights and name_frequency: the m and u behind each level, with term frequencies for names,
  and the sibling alternative that keeps twins apart;
- scoring: a match weight per candidate (`record_score`, `records_score` for a chunk);
- decision: match, review, create or held, with the shield guard (`match_decide`).

bench/match_quality.py measures precision, recall and the guard against a million children.
"""
