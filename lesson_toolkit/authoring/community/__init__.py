"""The community teams' tallies: places (province → commune → village), teams, the households
helped per village, month and skill, and the league.

Part of the core (no Flask). It stores counts, never people: no table here has a column for a
villager's name, number, ethnicity, health or whereabouts, and none holds free text
(`tests/community/test_privacy.py` walks the tables to keep it so). The workspace's accounts
are referred to by table name (`account.id`) and read through the `Login` protocol, so this
part never imports the trainers' face.
"""
