import { render } from 'preact';
import { I18nProvider } from '../../shared/i18n/preact';
import { App } from './App';
import { dashboardI18n } from './i18n';
import './styles.css';

const root = document.getElementById('app');
if (root) {
  render(
    <I18nProvider app={dashboardI18n}>
      <App />
    </I18nProvider>,
    root,
  );
}
