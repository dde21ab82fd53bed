@echo off
rem keydesk.cmd: the Keydesk desktop app's command line, for Windows. It sits in the app's
rem resources\bin folder and runs Keydesk.exe as the CLI (main/cli/app-arguments.ts); -- keeps
rem Chromium from reading the arguments after it as its own. Add this folder to PATH (docs/cli.md).
"%~dp0..\..\Keydesk.exe" --cli -- %*
exit /b %ERRORLEVEL%
