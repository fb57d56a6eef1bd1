"""Length limits of a citizen's question (shared by the model and the public form)."""

NAME_MAX = 100
SUBJECT_MAX = 200
CONTENT_MAX = 5000
ANSWER_MAX = 20000
