import { bootstrapApplication } from '@angular/platform-browser';
import { FwApp } from './app/app';
import { appConfig } from './app/app.config';

bootstrapApplication(FwApp, appConfig).catch((err) => console.error(err));
