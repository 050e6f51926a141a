"""From a question to a checked answer: understand, decide (rules core), compose, ground, serialise."""
