#!/usr/bin/env bash
# Installs the Debian packages the test suites use (browser, SNMP tools, SNMP recording server, Samba and
# smbclient for the SMB settings transport),
# skipping what is already present. Needs root or sudo; prints what it does.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v snmpget >/dev/null 2>&1 || need+=(snmp)
command -v snmpd >/dev/null 2>&1 || [ -x /usr/sbin/snmpd ] || need+=(snmpd)
command -v snmpsimd >/dev/null 2>&1 || need+=(snmpsim)
command -v smbd >/dev/null 2>&1 || [ -x /usr/sbin/smbd ] || need+=(samba)
command -v smbclient >/dev/null 2>&1 || need+=(smbclient)
if [ ${#need[@]} -eq 0 ]; then
  echo "test packages present: chromium snmp snmpd snmpsim samba smbclient"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing Debian packages: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
echo "installed: ${need[*]}"
