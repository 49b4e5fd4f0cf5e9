import { mount } from 'svelte';
import App from './App.svelte';
// The workstation's look: the same tokens and base elements, then the console's own layout.
import '../shared/style/tokens.css';
import '../shared/style/base.css';

const target = document.getElementById('app');
if (!target) throw new Error('CareDock console: the page has no #app element');
mount(App, { target });
