"""Emulation movements (phong trào thi đua, Law on Emulation and Commendation 2022, Art. 16–17).

A movement is launched by a cluster year (its head, at a conference) or by an agency for its
own staff; it has objectives, numbered contents, phases (đợt) that cover it without overlap,
and participating agencies, each of which reports on every content at each phase's end (sơ kết).
The links of a content to the scoring criteria live in scoring (scoring/movement_links.py);
the plan document and the term report's section in reports (reports/movements.py).
"""
