/** The pane's themes other than light, in a chunk of their own (pane-theme.ts loads it when Office's theme asks for one). */
export { teamsHighContrastTheme, webDarkTheme } from '@fluentui/react-components';
