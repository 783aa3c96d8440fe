#!/usr/bin/env bash
# Install the Debian packages the pipeline needs, only those that are missing:
# cairo/pango headers and pkg-config (Manim's pycairo and manimpango), a TeX
# with dvisvgm (Manim's MathTex), ffmpeg (video), gifsicle (GIF optimisation),
# a compiler and Python headers (for wheels built from source), and Chromium
# with a font (the headless browser test of the docs site), and SLURM with munge
# (the `slurm` tests start a single-node cluster of their own; nothing is
# configured or started system-wide).
set -euo pipefail

packages=(
  build-essential python3-dev pkg-config libcairo2-dev libpango1.0-dev
  ffmpeg gifsicle chromium fonts-dejavu-core
  texlive-latex-base texlive-latex-recommended texlive-latex-extra
  texlive-fonts-recommended texlive-science dvisvgm cm-super-minimal
  slurmctld slurmd slurm-client munge
)
# Debian's own python3 needs python3-venv to create virtual environments.
python3 -c "import ensurepip" 2>/dev/null || packages+=(python3-venv)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
