# es: problems (issue 27).
