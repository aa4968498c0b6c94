; Hooks of the NSIS installer that the Tauri bundler makes (bundle.windows.nsis.installerHooks).
;
; The counter's database belongs to the PC, not to one Windows account: it lives in
; %ProgramData%\vn.motcua.counter (see database_path in src-tauri/src/main.rs). The installer
; runs elevated (installMode perMachine), so it makes that folder and lets every local user
; (BUILTIN\Users, S-1-5-32-545) modify what is inside, whichever clerk's account is signed in.
; Uninstalling keeps the folder: it holds the office's dossiers.

!macro NSIS_HOOK_POSTINSTALL
  CreateDirectory "$COMMONAPPDATA\vn.motcua.counter"
  nsExec::ExecToLog 'icacls "$COMMONAPPDATA\vn.motcua.counter" /grant *S-1-5-32-545:(OI)(CI)M /T /C /Q'
!macroend

!macro NSIS_HOOK_POSTUNINSTALL
  DetailPrint "Dữ liệu của quầy được giữ lại tại $COMMONAPPDATA\vn.motcua.counter"
!macroend
