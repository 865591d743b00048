# es: columns (issue 27).
