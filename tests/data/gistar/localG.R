# localG.R — the reference Gi* for tests/core/test-hotspot-stats.c.
#
# Reads cells.csv (hexagons of 500 m edge over the Tulsa fire hydrants, in
# metres of a local Lambert azimuthal equal-area projection, and the number
# of hydrants with a recorded condition in each; written by the test program
# with GM_GISTAR_WRITE_CELLS=cells.csv) and writes localG.csv: for each cell,
# in the same order, Getis-Ord Gi* (binary weights, fixed distance band of
# 1,750 m, each cell its own neighbour), its two-sided p-value and the
# Benjamini-Hochberg adjusted p-value.
#
#   Rscript localG.R          (in this folder; Debian: apt-get install r-cran-spdep)
suppressPackageStartupMessages(library(spdep))

cells <- read.csv("cells.csv")
coords <- cbind(cells$x, cells$y)
nb <- dnearneigh(coords, 0, 1750)
nb <- include.self(nb)
lw <- nb2listw(nb, style = "B", zero.policy = TRUE)
g <- localG(cells$count, lw, zero.policy = TRUE)
z <- as.numeric(g)
p <- 2 * pnorm(abs(z), lower.tail = FALSE)
q <- p.adjust(p, method = "BH")
out <- data.frame(z = sprintf("%.17g", z), p = sprintf("%.17g", p), q = sprintf("%.17g", q))
write.csv(out, "localG.csv", row.names = FALSE, quote = FALSE)
cat(sprintf("spdep %s: %d cells, %d neighbours on average, z from %.3f to %.3f\n",
            packageVersion("spdep"), nrow(cells), round(mean(card(nb))), min(z), max(z)))
