#!/usr/bin/env bash
# The billing PDF tests read PDFs with Debian's command-line tools: pdftotext and pdffonts
# (poppler-utils), qpdf, xmllint (libxml2-utils) for the Factur-X XSD, and Saxon-HE
# (libsaxonhe-java, on the machine's JDK) for the EN 16931 Schematron. Under CI=true a missing
# tool makes those tests fail rather than skip, so CI installs them here.
set -euo pipefail
missing=()
for tool in pdftotext pdffonts qpdf xmllint java; do command -v "$tool" >/dev/null || missing+=("$tool"); done
[ -f /usr/share/java/Saxon-HE.jar ] || missing+=(saxon)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing the PDF tools for the billing tests (missing: ${missing[*]})…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils qpdf libxml2-utils libsaxonhe-java >/dev/null
  command -v java >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
else
  echo "The billing PDF tests need ${missing[*]}: run 'sudo apt-get install -y poppler-utils qpdf libxml2-utils libsaxonhe-java default-jre-headless'." >&2
  exit 1
fi
