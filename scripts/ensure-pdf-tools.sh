#!/usr/bin/env bash
# The billing PDF tests read PDFs with Debian's command-line tools: pdftotext and pdffonts
# (poppler-utils), qpdf, and xmllint (libxml2-utils) for the Factur-X XSD. Under CI=true a
# missing tool makes those tests fail rather than skip, so CI installs them here.
set -euo pipefail
missing=()
for tool in pdftotext pdffonts qpdf xmllint; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing the PDF tools for the billing tests (missing: ${missing[*]})…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils qpdf libxml2-utils >/dev/null
else
  echo "The billing PDF tests need ${missing[*]}: run 'sudo apt-get install -y poppler-utils qpdf libxml2-utils'." >&2
  exit 1
fi
