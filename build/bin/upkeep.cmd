@echo off
rem The `upkeep` command line shipped inside the packaged app; needs Node.js 20+ on PATH
rem (the app binary cannot act as Node: the RunAsNode fuse is off).
where node >nul 2>nul || (echo upkeep: the command line needs Node.js 20 or newer on PATH 1>&2 & exit /b 127)
node "%~dp0..\cli\cli.mjs" %*
