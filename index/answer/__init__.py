"""Stage 4, a question to quotes: candidates, ranking, the answer judge, question kinds,
dates, disagreeing sources; and the metrics that measure them."""
