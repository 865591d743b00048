# en: pages (issue 27).
