package quantity

const minRecognizersRate = 0.0
