-- Box-plot statistics of known sentence lengths per country and sentence type, every case
-- (the macro is the one the trends page asks with its filters: etl/macros.py).
SELECT * FROM sentence_boxes(NULL, NULL, NULL)
