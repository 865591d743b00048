# es: pages (issue 27).
