"""Learning: corpora, features, the loaded-language and perspective models, their artifacts and evaluation."""
