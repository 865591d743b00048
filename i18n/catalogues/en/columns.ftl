# en: columns (issue 27).
